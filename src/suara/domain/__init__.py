"""Pure domain: the CX frameworks' keys, entities and errors. Imports only stdlib and pydantic."""
