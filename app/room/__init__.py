"""Phones in the room: a local web server that participants' phones join to write notes, vote
and follow the board (issue 14). No Qt here: app/ui wires it to a window, app/cli to a terminal.

    server.py   the HTTP server on its own asyncio thread: secret, limits, JSON; no board access
    host.py     hands each request to the board's thread and the answer back
    room.py     the room on the board's thread: participants, the inbox, notes, dots
    phone_view.py  what a phone may see of the board (never hidden lanes or notes)
"""
