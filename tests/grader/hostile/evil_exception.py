"""Raises exceptions that break str() and repr(): still one clear line."""


class Nasty(Exception):
    def __str__(self):
        raise RuntimeError("no message for you")

    def __repr__(self):
        raise RuntimeError("no repr either")


class Multiline(Exception):
    pass


def nasty():
    raise Nasty()


def multiline():
    raise Multiline("first line\nsecond line\x1b[31m red")
