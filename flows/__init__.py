"""glaneur.flows"""
