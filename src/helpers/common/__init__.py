"""Plumbing every stage shares and that knows nothing of BNN: where the folders are
(:mod:`.config`), writing a file all at once (:mod:`.atomic`), ending a child process
(:mod:`.childproc`) and the content hash of the code that shapes a report (:mod:`.codehash`)."""
