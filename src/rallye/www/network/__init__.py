"""The network space: the federation's dashboard, the reports to download, the fidelity grids."""
