from govbudget.cli import main

main()
