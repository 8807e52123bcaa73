module recursion

go 1.27
