"""Leaves files for the next student in every folder anyone may write, and
a keras.json that would break the next student's Keras; then looks for them."""
import os

PLACES = ("/tmp", "/var/tmp", "/dev/shm", "/run/lock")


def plant(marker):
    planted = []
    for place in PLACES:
        try:
            with open(os.path.join(place, marker), "w") as fh:
                fh.write("left by a student")
            planted.append(place)
        except OSError:
            pass
    keras = os.environ.get("KERAS_HOME", os.path.expanduser("~/.keras"))
    os.makedirs(keras, exist_ok=True)
    with open(os.path.join(keras, "keras.json"), "w") as fh:
        fh.write('{"backend": "nonexistent", "floatx": "float16"}')
    return planted


def look(marker):
    found = [p for p in PLACES if os.path.exists(os.path.join(p, marker))]
    keras = os.environ.get("KERAS_HOME", os.path.expanduser("~/.keras"))
    if os.path.exists(os.path.join(keras, "keras.json")):
        found.append("keras.json")
    return found


def env():
    return {k: os.environ.get(k, "") for k in ("HOME", "TMPDIR", "KERAS_HOME")}
