"""`python -m kata_watch`: rerun a kata's tests each time its module is saved, warm."""
