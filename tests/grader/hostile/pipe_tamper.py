"""Closes, floods or forges the reply pipe the child answers the grader on."""
import json
import os
import struct
import sys
import time

REPLY = int(sys.argv[2])


def close_pipe():
    os.close(REPLY)
    return 1


def close_and_hang():
    os.close(REPLY)
    time.sleep(60)


def huge_length():
    os.write(REPLY, b"\xff\xff\xff\xffjunk")
    time.sleep(60)


def not_json():
    os.write(REPLY, struct.pack(">I", 8) + b"not json")
    time.sleep(60)


def truncated():
    os.write(REPLY, struct.pack(">I", 100) + b'{"ok": tr')
    os._exit(0)


def nested_json():
    body = b"[" * 100_000 + b"]" * 100_000
    os.write(REPLY, struct.pack(">I", len(body)) + body)
    time.sleep(60)


def forged_error():
    """An error reply with newlines, terminal escapes and a huge message."""
    error = {"type": "Ev\nil", "where": "x\r\ny", "message": "line one\nline two\x1b[2J" + "y" * 5000}
    body = json.dumps({"ok": False, "error": error, "buffers": []}).encode()
    os.write(REPLY, struct.pack(">I", len(body)) + body)
    os._exit(0)
