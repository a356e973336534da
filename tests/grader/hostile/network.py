"""Connects to a listener on the host's loopback: there is no network."""
import socket


def connect(port):
    s = socket.socket()
    s.settimeout(1.0)
    try:
        s.connect(("127.0.0.1", port))
        s.sendall(b"stolen")
        return "connected"
    except OSError as e:
        return type(e).__name__
    finally:
        s.close()
