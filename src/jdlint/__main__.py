from jdlint.cli import run

run()
