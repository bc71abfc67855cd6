import RWCommands

RWView.main()
