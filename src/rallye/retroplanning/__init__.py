"""The retro-planning of a rally, pure Python (no Django): the eight phases of its preparation as
tasks due a number of days before (or after) the rally's first day, the tips drawn from the
rally's own data, and the files written from them (ICS calendar, XLSX workbook).

- ``template``: the default template (the federation's starting point), as data;
- ``schedule``: due dates computed back from the first day, moving a rally's tasks;
- ``tips``: one definition per tip (condition over the rally's facts, why, what to do);
- ``files``: ``retroplanning.ics`` and ``retroplanning.xlsx``.

The web application (``rallye.preparation``) keeps each federation's template, each structure's
changes and each rally's own tasks, and calls these functions; ``rallye retroplanning`` calls
them on a rally file.
"""
