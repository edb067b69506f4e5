"""Planning engine: from a validated rally to a charter-compliant plan, over OR-Tools CP-SAT.

Pure Python plus OR-Tools; never imports Django. The CLI, the web app, the benchmarks and the
tests all call :func:`rallye.engine.solve.solve`.
"""
