"""The demo district 望潮区: its places and catalogue, its cast, its history, the simulator."""
