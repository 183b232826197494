from glaneur.cli import main

main()
