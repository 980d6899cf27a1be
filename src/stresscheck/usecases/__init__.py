"""What a person does with stresscheck, one module per use case.

Between the commands (which parse options and render) and the rest: a use
case takes its collaborators (the store, the clock, the prompt, the output)
as arguments, calls the pure core, and returns a result object. It imports
neither Typer nor rich, and says nothing itself: the command renders the result.
"""
