"""The protocol, framework-free: what a PaynetEasy v2 command is (commands as data), how its `control` is
signed, amounts in minor units, the wire format, URLs, what replies mean in plain words, how secrets are
masked, the 3-D Secure values, and the i18n hook the messages go through. Imports none of the other
packages: everything else reads it."""
