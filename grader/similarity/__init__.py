"""Similarity report: every pair of students compared per exercise with
copydetect (winnowed fingerprints of the tokenised code, as MOSS does, run
locally), the released stubs and public tests as boilerplate.  compare.py
computes the pairs, report.py writes similarity.csv and similarity.html."""
