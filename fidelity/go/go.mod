module goroutinelab/fidelity

go 1.19
