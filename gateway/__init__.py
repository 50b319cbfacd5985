"""Framework-free core: amounts, signatures, wire format, sending, the sandbox."""
