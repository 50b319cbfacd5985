"""The debugger: reads what a customer pasted (raw HTTP, curl, a URL, a log line), diagnoses its signature
(hypotheses of what went wrong, candidate strings to sign, lint), verifies callbacks and keeps the
published test vectors. Framework-free; reads paynet/ and outbound/."""
