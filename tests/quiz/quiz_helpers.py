"""Shared constants of the quiz tests (a uniquely named module: every test folder has a
conftest.py, so ``import conftest`` would be ambiguous)."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTES = Path("/work/shared/course-notes")

SMALL_BANK = r'''
topic: neurons_activations
questions:
  - id: special-chars
    type: single_choice
    source: {file: 003_fb44594f36c7507d.txt, section: "Q2: dot vs *", quote: "element-wise"}
    prompt: "Special {GIFT} chars: a ~ b = c # d : e \\ f, and <b>html</b> & co?"
    choices:
      - {id: a, text: "x = {1} ~ #2: ok", feedback: "right: = ~ # { } : \\ <i>"}
      - {id: b, text: "y \\ z", feedback: "wrong # because = and : and ~"}
    answer: a
    feedback: "General: {all} ~ = # : here"
  - id: multi
    type: multiple_choice
    source: {file: 002_25ed6edc0cff832e.txt, section: "Loss Functions", quote: "Hinge Loss"}
    prompt: "Pick the correct ones"
    choices:
      - {id: a, text: "right 1", feedback: "yes"}
      - {id: b, text: "right 2"}
      - {id: c, text: "right 3"}
      - {id: d, text: "wrong 1", feedback: "no"}
      - {id: e, text: "wrong 2"}
    answer: [a, b, c]
    points: 3
  - id: tf
    type: true_false
    source: {file: 000_7462f8ef9b0582c8.txt, section: "Softmax", quote: "sum is 1"}
    prompt: "Softmax outputs sum to 1: true?"
    answer: true
    choices:
      - {id: "false", feedback: "They do sum to 1 #always"}
      - {id: "true", feedback: "Yes: = 1"}
    feedback: "sum = 1"
  - id: num
    type: numeric
    source: {file: 003_fb44594f36c7507d.txt, section: "Example", quote: "1.1"}
    prompt: "z = ?"
    answer: 1.1
    tolerance: 0.01
    points: 2
    feedback: "0.5 - 2 + 2.4 + 0.2"
  - id: param
    type: parameterised
    generator: sgd_step
    source: {file: 004_9875f74ac10f856f.txt, section: "Update rule", quote: "Update rule"}
    prompt: "w = {w}, dw = {dw}, lr = {lr}: new w?"
    answer: computed
    tolerance: 0.0001
'''
