#!/bin/sh
# notes: serves src/www with busybox httpd; the CGI script keeps notes in $NOTES_DIR/notes.txt.
set -e
PORT=${PORT:-8080}
NOTES_DIR=${NOTES_DIR:-/data}
export NOTES_DIR
if [ "$(id -u)" = 0 ]; then
    echo "notes: refusing to run as root: add a user and USER it in the Dockerfile" >&2
    exit 1
fi
mkdir -p "$NOTES_DIR"
if ! touch "$NOTES_DIR/notes.txt" 2>/dev/null; then
    echo "notes: cannot write to $NOTES_DIR: give it to the user that runs notes" >&2
    exit 1
fi
echo "notes: listening on port $PORT, data in $NOTES_DIR"
exec httpd -f -p "$PORT" -h "$(dirname "$0")/www"
