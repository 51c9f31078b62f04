"""Forms of the wizard, one module per stage; each shows some case fields, saves only those."""
