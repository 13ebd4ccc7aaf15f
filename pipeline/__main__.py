"""`python -m pipeline` runs the CLI."""

from pipeline.cli import main

if __name__ == "__main__":
    main()
