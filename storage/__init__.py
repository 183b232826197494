"""glaneur.storage"""
