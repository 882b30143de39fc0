"""Importing old minutes (issue 16): text repaired after OCR (ocr), the meeting's head read
from it (head), and how an import compares with a hand-made meeting (score). Pure: nothing
here prints or exits."""
