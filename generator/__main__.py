from generator.app.cli import main

main()
