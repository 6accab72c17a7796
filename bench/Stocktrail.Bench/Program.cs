Console.WriteLine("Stocktrail benchmark: not written yet.");
