Console.WriteLine("avl");
