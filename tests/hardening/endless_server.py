"""A misbehaving OpenAI-compatible server on 127.0.0.1, for memory-bound
checks. Prints its port, then serves until killed:
  GET  /v1/models                 an endless JSON body (no length)
  POST /v1/chat/completions       mode "body": endless non-SSE bytes
                                  mode "sse-line": one endless SSE line
                                  mode "sse": endless valid SSE chunks
Usage: python endless_server.py MODE
"""
import socket
import sys
import threading

MODE = sys.argv[1]
CHUNK = b"x" * 65536
SSE = b'data: {"choices":[{"index":0,"delta":{"content":"token "}}]}\n\n' * 256


def handle(conn):
    try:
        request = conn.recv(65536)
        is_chat = b"/chat/completions" in request.split(b"\r\n", 1)[0]
        if is_chat and MODE.startswith("sse"):
            conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n")
            if MODE == "sse-line":
                conn.sendall(b"data: ")
            body = CHUNK if MODE == "sse-line" else SSE
        else:
            conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n")
            conn.sendall(b'{"object":"list","data":[')
            body = CHUNK
        while True:
            conn.sendall(body)
    except OSError:
        pass
    finally:
        conn.close()


server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", 0))
server.listen(16)
print(server.getsockname()[1], flush=True)
while True:
    conn, _ = server.accept()
    threading.Thread(target=handle, args=(conn,), daemon=True).start()
