"""glaneur.spiders"""
