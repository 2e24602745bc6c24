"""Dependencies point one way: generation builds on classrooms, never the reverse."""

import grimp


def test_classrooms_imports_nothing_from_generation() -> None:
    graph = grimp.build_graph("classrooms", "generation")
    offending = {
        (module, imported)
        for module in graph.find_descendants("classrooms")
        if ".migrations" not in module
        for imported in graph.find_modules_directly_imported_by(module)
        if imported == "generation" or imported.startswith("generation.")
    }

    assert offending == set()
