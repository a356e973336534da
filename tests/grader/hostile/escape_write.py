"""Writes outside its folder: the host's output folder, the host's /tmp, a
file of the project; and, to compare, inside its own folder."""


def write(path, text="written by a student"):
    try:
        with open(path, "w") as fh:
            fh.write(text)
        return "written"
    except OSError as e:
        return type(e).__name__


def fill(path, kb):
    """Write ``kb`` kilobytes: the scratch space is small."""
    with open(path, "wb") as fh:
        for _ in range(kb):
            fh.write(b"x" * 1024)
    return "written"
