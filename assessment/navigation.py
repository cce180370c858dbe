def local_path(target: str | None) -> str | None:
    """target when it is a path on this site, else None: never redirect to another host."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None
