from qa_tui.cli.main import main

main()
