"""E-mail: the letters referat prepares (reminders, agendas, minutes) and their delivery."""
