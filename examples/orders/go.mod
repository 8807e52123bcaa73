module orders

go 1.27
