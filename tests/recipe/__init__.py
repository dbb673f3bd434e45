"""The throwaway app tests/test_docs_recipes.py adds by docs/add-a-resource.md's steps (portcards:
a source table with its indexes, a view, a model served as a resource, its demo rows and its
declarative test), copied into a temporary directory, never installed in the project."""
