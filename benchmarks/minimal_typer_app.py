"""The smallest possible Typer app: the baseline every start-up figure is compared to."""

import typer

app = typer.Typer()


@app.command()
def main() -> None:
    """Do nothing."""


if __name__ == "__main__":
    app()
