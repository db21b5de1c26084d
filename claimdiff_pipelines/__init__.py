"""claimdiff's orchestration layer: the command line (Typer), the Prefect flow and its
deployments. The library, ``claimdiff``, never imports this package, Prefect or Typer."""
