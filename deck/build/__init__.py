"""Build orchestration: plan the outputs, make each one, run them in parallel, remember what is up to date."""
