"""One module per topic of `frontwatch` subcommands; `pipeline.cli.COMMANDS` lists them."""
