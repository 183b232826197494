"""glaneur.transforms"""
