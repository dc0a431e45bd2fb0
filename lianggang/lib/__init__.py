"""Small pure helpers beside the cores: no models, no requests, importable from anywhere
(the cores, the apps, the command line) without booting Django."""
