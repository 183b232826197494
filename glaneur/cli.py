def main():
    print("glaneur")
