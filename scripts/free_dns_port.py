#!/usr/bin/env python3
"""Prints a port on 127.0.0.1 that is free for both UDP and TCP right now
(for test and benchmark DNS servers)."""
import socket

while True:
    tcp = socket.socket()
    tcp.bind(("127.0.0.1", 0))
    port = tcp.getsockname()[1]
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        udp.bind(("127.0.0.1", port))
    except OSError:
        continue
    print(port)
    break
