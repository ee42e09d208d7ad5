"""Reading a Dash layout as the server sends it (JSON)."""


def find(node, id_: str):
    """The props of the component with ``id_`` in a layout's JSON, or None."""
    if isinstance(node, dict):
        props = node.get("props", {})
        if props.get("id") == id_:
            return props
        node = props.get("children")
    for child in node if isinstance(node, list) else [node] if isinstance(node, dict) else []:
        if (found := find(child, id_)) is not None:
            return found
    return None
