"""The emulated gateway: its actions (sale, preauth, status, ...), the magic amounts and rules, the payer
pages (hosted form, 3-D Secure), the callbacks it sends, sandbox accounts and their inspector.
Framework-free: web/ serves it, store/ keeps its state."""
