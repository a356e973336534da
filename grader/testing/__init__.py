"""Hidden-test machinery: ``helpers`` (the one API a suite imports: Suite,
checks whose failures become feedback, Rng/Fn/Handle arguments),
``strategies`` (hypothesis inputs), ``suite`` (declaring and running tests)
and ``results`` (a verdict as data, from the failed check to the page)."""
