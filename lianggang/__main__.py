from lianggang.cli import main

main()
