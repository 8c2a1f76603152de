from generator.app.start import main

main()
