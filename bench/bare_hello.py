"""The baseline the request-ratio bench compares against: Flask answering "hello"."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "hello"
